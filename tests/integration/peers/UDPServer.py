"""The socket lab's UDP server: upper-cases each datagram. Bounded for tests: stops
after COUNT datagrams or 20 s of silence. Usage: UDPServer.py [PORT] [COUNT]"""
import sys
from socket import AF_INET, SOCK_DGRAM, socket

serverPort = int(sys.argv[1]) if len(sys.argv) > 1 else 12000
count = int(sys.argv[2]) if len(sys.argv) > 2 else 1
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(("", serverPort))
serverSocket.settimeout(20)
print("serverIP:", "127.0.0.1")
print("serverPort:", serverSocket.getsockname()[1], flush=True)
for _ in range(count):
    message, clientAddress = serverSocket.recvfrom(2048)
    modifiedMessage = message.decode().upper()
    serverSocket.sendto(modifiedMessage.encode(), clientAddress)
serverSocket.close()
