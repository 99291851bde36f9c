# plumb/lab-host:12, made by bin/images: a lab host for the docker backend of the lab (see
# LabBackend in the tests): Debian 12 with systemd as PID 1, sshd, PostgreSQL 15 (Debian's
# cluster `main`: 127.0.0.1:5432, peer auth) and the seed app's Python packages, like the
# hosts of the nspawn lab. Run it with systemd's needs: tmpfs on /run and /run/lock, the
# cgroup file system writable, stop signal SIGRTMIN+3. Each container makes its own machine-id
# and SSH host keys when it boots; the controller's key goes into root's and deploy's
# authorized_keys after it starts.
FROM plumb/debian:12
LABEL dev.plumb.recipe=@RECIPE@
COPY sources.list /etc/apt/sources.list
# No service starts while packages install (there is no systemd during a build).
RUN printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d \
 && apt-get update -q \
 && LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      systemd systemd-sysv dbus openssh-server openssh-client postgresql sudo curl iproute2 procps \
      python3-flask gunicorn python3-psycopg2 python3-flask-migrate \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb /usr/sbin/policy-rc.d
RUN rm -f /etc/ssh/ssh_host_* && : >/etc/machine-id \
 && mkdir -p /etc/systemd/system/ssh.service.d \
 && printf '[Service]\nExecStartPre=\nExecStartPre=/usr/bin/ssh-keygen -A\nExecStartPre=/usr/sbin/sshd -t\n' \
      >/etc/systemd/system/ssh.service.d/host-keys.conf \
 && useradd --create-home --user-group --shell /bin/bash deploy \
 && printf 'deploy ALL=(ALL:ALL) NOPASSWD: ALL\n' >/etc/sudoers.d/deploy && chmod 440 /etc/sudoers.d/deploy \
 && install -d -m 700 /root/.ssh && install -d -m 700 -o deploy -g deploy /home/deploy/.ssh \
 && systemctl enable ssh.service postgresql.service \
 && systemctl mask apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer \
      fstrim.timer man-db.timer e2scrub_reap.service systemd-timesyncd.service systemd-pstore.service \
      console-getty.service getty@tty1.service systemd-remount-fs.service sys-kernel-config.mount \
      sys-kernel-debug.mount sys-kernel-tracing.mount 2>/dev/null; true
ENV container=docker LANG=C.UTF-8
STOPSIGNAL SIGRTMIN+3
EXPOSE 22
CMD ["/sbin/init"]
