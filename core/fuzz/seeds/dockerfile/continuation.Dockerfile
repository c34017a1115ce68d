FROM alpine:3.20
ARG VERSION=1.2.3
ENV PATH=/opt/bin:$PATH \
    HOME=/home/app
RUN apk add --no-cache \
      curl \
# a comment inside the continuation
      git \

      make \
 && curl -fsSL "https://example.invalid/v${VERSION}.tar.gz" | tar -xz
WORKDIR /src
USER 1000:1000
