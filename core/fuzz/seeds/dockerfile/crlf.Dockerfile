FROM scratch
ARG A=1
RUN echo $A \
  && echo done
CMD echo "crlf"
