FROM node:20 AS base
ONBUILD COPY package.json /app/
ONBUILD RUN npm install
ONBUILD ONBUILD RUN echo nested
LABEL org.opencontainers.image.title="demo" version=1
MAINTAINER someone@example.invalid

FROM base
COPY --from=base --chown=node:node /app /app
ADD --checksum=sha256:0000000000000000000000000000000000000000000000000000000000000000 https://example.invalid/a.tar.gz /tmp/
RUN --mount=type=cache,target=/root/.npm npm ci && pip install requests
