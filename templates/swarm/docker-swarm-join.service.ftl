[#-- Added to the Ignition config of every machine whose profile has a swarm role. Model: role (worker or
     manager), credential (the boot attempt's one-time enrollment credential, never a join token) and enrollUrl
     (where to trade it, once, for the join token and the managers) and, when the server has a TLS listener, pin
     (its public key: curl checks it and nothing else, since no certificate can name every address a server is
     reached at, so --insecure only turns off the CA and name checks the pin replaces). In ExecStart, systemd would expand $ and %:
     the shell's own $ is written $$. The token lives in a shell variable only: it is never written to disk. --]
[Unit]
[#if role == "manager"]
Description=Join the Docker Swarm as a worker, to be promoted to manager once the server has verified the node
[#else]
Description=Join the Docker Swarm as a worker
[/#if]
Documentation=https://docs.docker.com/reference/cli/docker/swarm/join/
Wants=network-online.target docker.service
After=network-online.target docker.service

[Service]
Type=oneshot
RemainAfterExit=yes
# enrolls once, then keeps trying every manager until one answers; does nothing on a node that is already in a swarm
TimeoutStartSec=infinity
ExecStart=/bin/sh -c 'token=; while :; do state=$$(docker info --format "{{.Swarm.LocalNodeState}}") && case "$$state" in active|pending|locked) echo "already in a swarm ($$state)"; exit 0;; esac; if [ -z "$$token" ]; then answer=$$(curl -sS -f --max-time 30 [#if pin??]--pinnedpubkey [=pin] --insecure [/#if]--data-urlencode credential=[=credential] [=enrollUrl]) || { echo "enrollment failed; trying again in 10 s"; sleep 10; continue; }; set -- $$answer; token=$$1; shift; managers="$$*"; fi; for manager in $$managers; do docker swarm join --token "$$token" "$$manager" && exit 0; done; echo "no manager answered; trying again in 10 s"; sleep 10; done'

[Install]
WantedBy=multi-user.target
