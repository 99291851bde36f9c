# plumb/lab-host:12, made by bin/images: a lab host for the docker backend of the lab (see
# LabBackend in the tests): Debian 12 with systemd as PID 1, sshd, PostgreSQL 15 (Debian's
# cluster `main`: 127.0.0.1:5432, peer auth) and the seed app's Python packages, like the
# hosts of the nspawn lab. Run it with systemd's needs: tmpfs on /run and /run/lock, the
# cgroup file system writable, stop signal SIGRTMIN+3. Each container makes its own SSH host
# keys when it first boots (lab-host-keys.service); the lab gives it a machine-id and puts the
# controller's key into root's and deploy's authorized_keys. /proc/sys/net is writable (the host
# has its own network namespace), the rest of /proc/sys read-only, as on the nspawn lab.
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
 && printf '%s\n' '[Unit]' 'Description=SSH host keys of this container' 'Before=ssh.service' \
      'ConditionPathExists=!/etc/ssh/ssh_host_ed25519_key' '[Service]' 'Type=oneshot' \
      'ExecStart=/usr/bin/ssh-keygen -A' '[Install]' 'WantedBy=multi-user.target' \
      >/lib/systemd/system/lab-host-keys.service \
 && printf '%s\n' '[Unit]' 'Description=Writable network sysctls, as on the nspawn lab (own network namespace)' \
      'DefaultDependencies=no' 'Before=systemd-sysctl.service sysinit.target' \
      'ConditionPathIsReadWrite=!/proc/sys/net' '[Service]' 'Type=oneshot' \
      'ExecStart=/bin/sh -c "mount --bind /proc/sys/net /proc/sys/net && mount -o remount,bind,rw /proc/sys/net"' \
      '[Install]' 'WantedBy=sysinit.target' >/lib/systemd/system/lab-proc-sys-net.service \
 && systemctl enable lab-host-keys.service lab-proc-sys-net.service \
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
