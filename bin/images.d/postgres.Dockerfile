# postgres:@MAJOR@ made by bin/images where the official image cannot be pulled: PostgreSQL
# @VERSION@ server binaries (no client tools) on a debootstrapped Debian 12, run as the
# non-root user postgres, configured on first start like the official image.
FROM plumb/debian:12
LABEL dev.plumb.recipe=@RECIPE@
RUN groupadd -r -g 999 postgres \
 && useradd -r -u 999 -g postgres -d /var/lib/postgresql -s /bin/bash postgres \
 && mkdir -p /var/lib/postgresql/data /var/run/postgresql \
 && chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql \
 && chmod 700 /var/lib/postgresql/data
ADD postgres.txz /usr/lib/postgresql/@MAJOR@/
COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV PG_MAJOR=@MAJOR@ PG_VERSION=@VERSION@ PGDATA=/var/lib/postgresql/data \
    PATH=/usr/lib/postgresql/@MAJOR@/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
USER postgres
WORKDIR /var/lib/postgresql
STOPSIGNAL SIGINT
EXPOSE 5432
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
