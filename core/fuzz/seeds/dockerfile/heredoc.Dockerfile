# syntax=docker/dockerfile:1
FROM debian:bookworm-slim AS build
RUN <<EOT bash
set -eux
apt-get update
apt-get install -y --no-install-recommends curl
rm -rf /var/lib/apt/lists/*
EOT
COPY <<-"EOF" /etc/app.conf
	key=${VALUE}
	EOF
RUN <<A cat > /a && <<B cat > /b
first
A
second
B
