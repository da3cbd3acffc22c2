"""A communicator sender written the way the lab teaches (CS325 project 2): connect with
a 30 s timeout, sendall() the message, then wait for the receipt WITHOUT closing.
Usage: comm_sender.py IP PORT MESSAGE"""
import socket
import sys

SERVER, PORT, MESSAGE = sys.argv[1], int(sys.argv[2]), sys.argv[3]

s = None
try:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(30.0)
    s.connect((SERVER, PORT))
    s.settimeout(10.0)  # the lab sets None here; a test must not wait forever
    s.sendall(MESSAGE.encode())
    data = s.recv(1024)
    if b"#<<END>>#" in data:
        print("Message sent successfully.")
    else:
        print("Message receipt failed.")
        sys.exit(1)
except OSError as error:
    print(f"Message sending error. Message not sent. ({error})")
    sys.exit(1)
finally:
    if s is not None:
        s.close()
