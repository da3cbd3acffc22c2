"""A communicator receiver written the way the lab teaches: listen on the port, accept
one sender, recv() once, print, send back b"#<<END>>#".
Usage: comm_receiver.py PORT"""
import socket
import sys

PORT = int(sys.argv[1])

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("", PORT))
    s.listen()
    s.settimeout(20)  # bounded for the test suite
    print(f"Waiting for message on port {PORT}", flush=True)
    conn, addr = s.accept()
    with conn:
        conn.settimeout(10)
        print(f"Connected by ({addr[0]})")
        data = conn.recv(4096)
        print("Message:")
        print(data.decode())
        print("End of message.", flush=True)
        conn.sendall(b"#<<END>>#")
