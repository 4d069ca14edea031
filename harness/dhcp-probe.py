#!/usr/bin/python3
"""Sends one DHCP request as a real client would, with scapy, and prints every DHCP reply seen within --wait
seconds as one JSON line: message type, yiaddr, siaddr, file, option 54, 60, 43 (hex) and 97 (hex), and where it
went. With --garbage it sends that many malformed datagrams instead and prints nothing.

  dhcp-probe.py --iface eth0 --mac 52:54:00:00:00:01 --arch 7 [--vendor PXEClient:Arch:00007] [--user-class iPXE]
                [--giaddr 10.213.0.50] [--type discover|request] [--dport 67] [--overload] [--wait 3]
"""
import argparse, json, random, sys
from scapy.all import BOOTP, DHCP, IP, UDP, Ether, conf, sendp, sniff, AsyncSniffer, Raw, get_if_hwaddr

conf.checkIPaddr = False
p = argparse.ArgumentParser()
p.add_argument('--iface', required=True)
p.add_argument('--mac', required=True)
p.add_argument('--arch', type=int, default=0)
p.add_argument('--vendor')
p.add_argument('--user-class')
p.add_argument('--giaddr')
p.add_argument('--ciaddr', default='0.0.0.0')
p.add_argument('--server', default='255.255.255.255')
p.add_argument('--type', default='discover')
p.add_argument('--dport', type=int, default=67)
p.add_argument('--overload', action='store_true')
p.add_argument('--garbage', type=int, default=0)
p.add_argument('--wait', type=float, default=3)
a = p.parse_args()

mac = bytes.fromhex(a.mac.replace(':', ''))
src_ip = a.giaddr or a.ciaddr
sport = 67 if a.giaddr else 68
base = Ether(src=get_if_hwaddr(a.iface), dst='ff:ff:ff:ff:ff:ff') / IP(src=src_ip, dst=a.server) / UDP(sport=sport, dport=a.dport)

if a.garbage:
    for i in range(a.garbage):
        body = bytes(random.getrandbits(8) for _ in range(random.choice([1, 100, 239, 240, 300, 1200])))
        if i % 3 == 0 and len(body) >= 240:
            # a real header and cookie, then options that claim more than there is
            body = bytes(BOOTP(chaddr=mac, xid=i, options=b'c\x82Sc'))[:240] + bytes([53, 200, 1])
        sendp(base / Raw(body), iface=a.iface, verbose=False)
    sys.exit(0)

xid = random.randint(1, 2**31)
options = [('message-type', a.type), ('client_id', b'\x01' + mac)]
options.append(('vendor_class_id', (a.vendor or 'PXEClient:Arch:%05d:UNDI:003016' % a.arch).encode()))
options.append((93, a.arch.to_bytes(2, 'big')))
options.append((97, b'\x00' + bytes(range(16))))
if a.user_class:
    options.append(('user_class', a.user_class.encode()))
options.append('end')
bootp = BOOTP(chaddr=mac + bytes(10), xid=xid, flags=0x8000, ciaddr=a.ciaddr, giaddr=a.giaddr or '0.0.0.0',
              hops=1 if a.giaddr else 0)
if a.overload:
    # option 52 = 1: the options go on in the file field, where the vendor class and architecture now are
    packet = bootp / DHCP(options=[('message-type', a.type), (52, b'\x01'), 'end'])
    raw = bytearray(bytes(packet))
    in_file = bytes(DHCP(options=[o for o in options if o == 'end' or o[0] != 'message-type']))
    raw[108:108 + len(in_file)] = in_file
    packet = Raw(bytes(raw))
else:
    packet = bootp / DHCP(options=options)

# no BPF filter: scapy compiles one with libpcap, which a plain install may lack
sniffer = AsyncSniffer(iface=a.iface, store=True)
sniffer.start()
import time
time.sleep(0.3)
sendp(base / packet, iface=a.iface, verbose=False)
time.sleep(a.wait)
replies = sniffer.stop()
for r in replies:
    # a reply to a relay has no listener here: the ICMP error that quotes it is not a reply; and scapy only decodes
    # BOOTP between ports 67 and 68, so an answer from port 4011 is decoded here
    if IP not in r or UDP not in r or r[IP].proto != 17 or r[UDP].sport not in (67, 4011) or r[UDP].dport not in (67, 68):
        continue
    b = BOOTP(bytes(r[UDP].payload))
    if b.op != 2 or b.xid != xid:
        continue
    opts = {}
    for o in b[DHCP].options if DHCP in b else []:
        if isinstance(o, tuple):
            opts[str(o[0])] = o[1] if isinstance(o[1], (int, str)) else (o[1].hex() if isinstance(o[1], bytes) else str(o[1]))
    print(json.dumps({'to': '%s:%d' % (r[IP].dst, r[UDP].dport), 'from': '%s:%d' % (r[IP].src, r[UDP].sport),
                      'yiaddr': b.yiaddr, 'siaddr': b.siaddr, 'file': b.file.rstrip(b'\0').decode(), 'options': opts}))
