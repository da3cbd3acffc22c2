"""The socket lab's TCP server: one sentence per connection, upper-cased. Bounded for
tests: COUNT connections, 20 s accept timeout. Usage: TCPServer.py [PORT] [COUNT]"""
import sys
from socket import AF_INET, SOCK_STREAM, socket

serverPort = int(sys.argv[1]) if len(sys.argv) > 1 else 12000
count = int(sys.argv[2]) if len(sys.argv) > 2 else 1
serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.bind(("", serverPort))
serverSocket.listen(1)
serverSocket.settimeout(20)
print("serverIP:", "127.0.0.1")
print("serverPort:", serverSocket.getsockname()[1], flush=True)
for _ in range(count):
    connectionSocket, addr = serverSocket.accept()
    connectionSocket.settimeout(5)
    sentence = connectionSocket.recv(1024).decode()
    capitalizedSentence = sentence.upper()
    connectionSocket.send(capitalizedSentence.encode())
    connectionSocket.close()
serverSocket.close()
