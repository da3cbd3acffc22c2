"""The socket lab's TCP client as students run it: clientSocket.send, one recv(1024),
then it waits for the server to close the connection (5 s timeout). Prints the reply,
how the wait ended and the seconds it took.
Usage: TCPClientUntilClose.py SERVER_IP SERVER_PORT (the sentence on stdin)"""
import sys
import time
from socket import AF_INET, SOCK_STREAM, socket, timeout

serverName, serverPort = sys.argv[1], int(sys.argv[2])
clientSocket = socket(AF_INET, SOCK_STREAM)
clientSocket.settimeout(5)
clientSocket.connect((serverName, serverPort))
sentence = input()
start = time.monotonic()
clientSocket.send(sentence.encode())
modifiedSentence = clientSocket.recv(1024)
try:
    ended = "closed" if clientSocket.recv(1024) == b"" else "more data"
except timeout:
    ended = "timeout"
print("From Server:", modifiedSentence.decode())
print("%s after %.1f s" % (ended, time.monotonic() - start))
clientSocket.close()
