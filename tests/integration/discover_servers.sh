# Sourced by test_discover.sh and bench/discover: starts real servers from Debian packages
# inside the namespace $SRV_NS on $SRV_IP, each with its own configuration in $WORK (never
# the system's), in the background through lib.sh's start_bg (killed by pid at exit).
#
#   start_discover_servers      # every server below; prints nothing, fails on none
#   DISCOVER_TCP_PORTS / DISCOVER_UDP_PORTS: what is listening (after start)
#
# TCP: 21 vsftpd, 22 sshd, 80 nginx, 110/143 Dovecot, 443 nginx TLS, 2525 Exim,
#      4433 openssl s_server -www, 6379 redis, 8000 python http.server, 11211 memcached;
#      and the misbehaving peers of discover_peers.py: 7001 never speaks, 7002 a byte a
#      second, 7003 closes at once, 7004 floods binary bytes, 9100 a "printer" that
#      records what it is sent.
# UDP: 53 dnsmasq, 123 chronyd, 161 snmpd.

DISCOVER_TCP_PORTS="21,22,80,110,143,443,2525,4433,6379,8000,11211"
DISCOVER_UDP_PORTS="53,123,161"

_srv() { start_bg "$SRV_NS" "$WORK/$1.log" "${@:2}"; }

start_discover_servers() {
  local d=$WORK/srv
  mkdir -p "$d" /run/sshd
  # A self-signed certificate with names, for nginx's TLS port and s_server.
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=discover.test/O=sockscope" \
    -addext "subjectAltName=DNS:discover.test,IP:$SRV_IP" \
    -keyout "$d/tls.key" -out "$d/tls.crt" 2>/dev/null

  ssh-keygen -q -t ed25519 -N '' -f "$d/ssh_host_key"
  cat >"$d/sshd_config" <<CONF
ListenAddress $SRV_IP:22
HostKey $d/ssh_host_key
PidFile $d/sshd.pid
UsePAM no
CONF
  _srv sshd /usr/sbin/sshd -D -e -f "$d/sshd_config"

  mkdir -p "$d/nginx/logs" "$d/www"
  echo "hello from nginx" >"$d/www/index.html"
  cat >"$d/nginx/nginx.conf" <<CONF
daemon off;
master_process off;
pid $d/nginx/nginx.pid;
error_log $d/nginx/logs/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $d/nginx/body;
  proxy_temp_path $d/nginx/proxy;
  fastcgi_temp_path $d/nginx/fastcgi;
  uwsgi_temp_path $d/nginx/uwsgi;
  scgi_temp_path $d/nginx/scgi;
  server { listen $SRV_IP:80; root $d/www; }
  server {
    listen $SRV_IP:443 ssl;
    ssl_certificate $d/tls.crt;
    ssl_certificate_key $d/tls.key;
    root $d/www;
  }
}
CONF
  _srv nginx /usr/sbin/nginx -p "$d/nginx" -c "$d/nginx/nginx.conf"

  _srv s_server openssl s_server -quiet -www -accept "$SRV_IP:4433" -cert "$d/tls.crt" -key "$d/tls.key"
  _srv http_server python3 -m http.server 8000 --bind "$SRV_IP" --directory "$d/www"
  _srv redis redis-server --bind "$SRV_IP" --port 6379 --save '' --appendonly no --protected-mode no
  _srv memcached memcached -u root -l "$SRV_IP" -p 11211 -U 0

  mkdir -p "$d/ftp"
  cat >"$d/vsftpd.conf" <<CONF
listen=YES
listen_address=$SRV_IP
listen_port=21
background=NO
anonymous_enable=YES
anon_root=$d/ftp
no_anon_password=YES
local_enable=NO
secure_chroot_dir=/var/run/vsftpd/empty
vsftpd_log_file=$d/vsftpd.xfer
CONF
  _srv vsftpd /usr/sbin/vsftpd "$d/vsftpd.conf"

  # Exim writes its spool and logs as its own user, which must reach them.
  mkdir -p "$d/exim"
  chmod 711 "$WORK" "$d"
  chmod 1777 "$d/exim"
  cat >"$d/exim.conf" <<CONF
primary_hostname = mail.discover.test
daemon_smtp_ports = 2525
local_interfaces = $SRV_IP
spool_directory = $d/exim
log_file_path = $d/exim/%s.log
pid_file_path = $d/exim/exim.pid
keep_environment =
tls_advertise_hosts =
host_lookup =
rfc1413_hosts =
acl_smtp_rcpt = acl_check_rcpt
begin acl
acl_check_rcpt:
  deny
CONF
  _srv exim /usr/sbin/exim -bdf -C "$d/exim.conf"

  mkdir -p "$d/dovecot"
  cat >"$d/dovecot.conf" <<CONF
base_dir = $d/dovecot
state_dir = $d/dovecot
protocols = imap pop3
listen = $SRV_IP
ssl = no
log_path = $d/dovecot.log
passdb {
  driver = static
  args = nopassword=y
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$d/dovecot/home
}
CONF
  _srv dovecot /usr/sbin/dovecot -F -c "$d/dovecot.conf"

  _srv dnsmasq dnsmasq -d -k --port=53 --listen-address="$SRV_IP" --bind-interfaces --no-resolv \
    --no-hosts --conf-file=/dev/null --pid-file= --user=root --address=/discover.test/192.0.2.7
  printf 'bindaddress %s\nallow all\nlocal stratum 10\nport 123\ncmdport 0\npidfile %s/chrony.pid\ndriftfile %s/chrony.drift\n' \
    "$SRV_IP" "$d" "$d" >"$d/chrony.conf"
  _srv chronyd chronyd -d -x -f "$d/chrony.conf"
  printf 'rocommunity public\nsysdescr sockscope discover test agent\n' >"$d/snmpd.conf"
  _srv snmpd snmpd -f -Lo -C -c "$d/snmpd.conf" "udp:$SRV_IP:161"

  _srv peers python3 "$SOCKSCOPE_SRC/tests/integration/discover_peers.py" "$SRV_IP" "$WORK/printed"

  local p
  for p in 21 22 80 110 143 443 2525 4433 6379 8000 11211 7001 7002 7003 7004 9100; do
    wait_listening "$SRV_NS" tcp "$p" || { cat "$WORK"/*.log >&2; return 1; }
  done
  for p in 53 123 161; do
    wait_listening "$SRV_NS" udp "$p" || { cat "$WORK"/*.log >&2; return 1; }
  done
}
