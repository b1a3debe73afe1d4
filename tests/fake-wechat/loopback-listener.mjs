// One port on 127.0.0.1 for both protocols: a connection whose first byte
// opens a TLS handshake (0x16) goes to the HTTPS server, any other to the
// plain HTTP server. So with TLS the WeChat API is served over HTTPS while
// the control API stays reachable from tests' plain HTTP clients.
// close() stops listening and destroys every connection, hung requests and
// idle keep-alive sockets included, so nothing keeps the process alive.
import net from "node:net";

const TLS_HANDSHAKE_RECORD = 0x16;
const LOOPBACK = "127.0.0.1";

export async function listenOnLoopback({ port, plainServer, tlsServer }) {
  const sockets = new Set();
  const track = (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  };
  tlsServer?.on("secureConnection", track);

  const listener = net.createServer((socket) => {
    track(socket);
    socket.on("error", () => {}); // a peer's reset concerns only that peer
    socket.once("data", (first) => {
      socket.pause();
      socket.unshift(first);
      if (tlsServer !== undefined && first[0] === TLS_HANDSHAKE_RECORD) {
        tlsServer.emit("connection", socket); // TLS takes the socket over as it is
      } else {
        plainServer.emit("connection", socket);
        socket.resume(); // the HTTP server reads a handed-over socket only once it flows
      }
    });
  });

  await new Promise((resolve, reject) => {
    listener.once("error", reject);
    listener.listen(port, LOOPBACK, () => {
      listener.off("error", reject);
      resolve();
    });
  });

  let closed;
  return {
    port: listener.address().port,
    close() {
      closed ??= new Promise((resolve) => {
        listener.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closed;
    },
  };
}
