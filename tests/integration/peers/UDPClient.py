"""The socket lab's UDP client. Usage: UDPClient.py SERVER_IP SERVER_PORT"""
import sys
from socket import AF_INET, SOCK_DGRAM, socket

serverName, serverPort = sys.argv[1], int(sys.argv[2])
clientSocket = socket(AF_INET, SOCK_DGRAM)
clientSocket.settimeout(5)
message = input("Input lowercase sentence:")
clientSocket.sendto(message.encode(), (serverName, serverPort))
modifiedMessage, serverAddress = clientSocket.recvfrom(2048)
print(modifiedMessage.decode())
clientSocket.close()
