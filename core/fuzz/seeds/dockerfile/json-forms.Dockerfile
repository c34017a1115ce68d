FROM ubuntu:latest
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
COPY ["a b", "c\"d", "/dst/"]
VOLUME ["/data", "/logs"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["app", "--flag=\u00e9"]
CMD [ "broken",
HEALTHCHECK --interval=30s --timeout=3s CMD ["curl", "-f", "http://localhost/"]
HEALTHCHECK NONE
EXPOSE 80/tcp 443/udp
STOPSIGNAL SIGTERM
