ARG BASE=alpine
ARG TAG
FROM ${BASE}:${TAG:-3.20} AS one
ARG TAG
ENV A=${TAG:+set} B="${A%.*}" C='${literal}'
RUN echo ${A/x/y} ${B#*/} $C "${D:?missing}"
FROM one
COPY --from=one /a /b
