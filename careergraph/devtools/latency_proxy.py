"""A TCP forwarder on 127.0.0.1 that delays every chunk each way, to see a remote server's
round trips on a local one.

    python -m careergraph.devtools.latency_proxy --listen 7700 --to 127.0.0.1:7689 --delay-ms 30

Point NEO4J_URI at bolt://127.0.0.1:7700 and every request and every answer arrives
``delay`` later, as over a network with a round trip of twice the delay (bandwidth is not
limited). Order is kept within each direction. It also counts round trips: the server's
first answer after the client has sent ends one. scripts/bench-latency uses it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import threading
from dataclasses import dataclass

LOCAL = "127.0.0.1"


@dataclass
class Traffic:
    """What went through: connections accepted, and requests the server answered."""

    connections: int = 0
    round_trips: int = 0


async def _pump(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    delay: float,
    on_chunk,
) -> None:
    """Copy reader to writer, each chunk ``delay`` seconds after it arrived, in order."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue = asyncio.Queue()

    async def deliver() -> None:
        while (item := await queue.get()) is not None:
            due, data = item
            await asyncio.sleep(max(0.0, due - loop.time()))
            writer.write(data)
            await writer.drain()

    sender = asyncio.create_task(deliver())
    try:
        while data := await reader.read(65536):
            on_chunk()
            queue.put_nowait((loop.time() + delay, data))
        queue.put_nowait(None)
        await sender  # what is queued still arrives, late, as on a network
    except ConnectionError:
        pass
    finally:
        sender.cancel()  # the connection is gone or the proxy stops: nothing left to deliver
        with contextlib.suppress(asyncio.CancelledError, ConnectionError):
            await sender
        writer.close()


class LatencyProxy:
    """Forwards ``listen_port`` on 127.0.0.1 to ``target``, ``delay`` seconds each way."""

    def __init__(self, listen_port: int, target_host: str, target_port: int, delay: float):
        if target_host not in (LOCAL, "localhost"):
            raise ValueError("the latency proxy forwards to 127.0.0.1 only")
        self.listen_port = listen_port
        self.target = (target_host, target_port)
        self.delay = delay
        self.traffic = Traffic()
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task] = set()

    async def start(self) -> int:
        """Listen; the port actually bound (``listen_port`` 0 picks a free one)."""
        self._server = await asyncio.start_server(self._handle, LOCAL, self.listen_port)
        return self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Stop listening and drop the connections still open."""
        if self._server is not None:
            self._server.close()
        for task in list(self._connections):
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)
        await asyncio.sleep(0)  # let the closed transports finish before the loop stops

    async def _handle(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        self._connections.add(task)
        task.add_done_callback(self._connections.discard)
        self.traffic.connections += 1
        try:
            server_reader, server_writer = await asyncio.open_connection(*self.target)
        except OSError:
            client_writer.close()
            return
        asked = False  # the client has sent since the server last answered

        def from_client() -> None:
            nonlocal asked
            asked = True

        def from_server() -> None:
            nonlocal asked
            if asked:  # a request answered: one round trip (a last GOODBYE waits for none)
                self.traffic.round_trips += 1
                asked = False

        try:
            await asyncio.gather(
                _pump(client_reader, server_writer, self.delay, from_client),
                _pump(server_reader, client_writer, self.delay, from_server),
            )
        except asyncio.CancelledError:
            pass  # stop(): the connection ends here, like any other
        finally:
            client_writer.close()
            server_writer.close()

    async def serve_forever(self) -> None:
        await self.start()
        async with self._server:
            await self._server.serve_forever()


class BackgroundProxy:
    """A LatencyProxy on its own thread, for tests and benchmarks in one process."""

    def __init__(self, target_port: int, delay: float, target_host: str = LOCAL):
        self.proxy = LatencyProxy(0, target_host, target_port, delay)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self.port = 0

    def __enter__(self) -> BackgroundProxy:
        self._thread.start()
        self.port = asyncio.run_coroutine_threadsafe(self.proxy.start(), self._loop).result(timeout=5)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self.proxy.stop(), self._loop).result(timeout=5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        self._loop.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="latency_proxy", description=__doc__.splitlines()[0])
    parser.add_argument("--listen", type=int, default=7700, help="port on 127.0.0.1 to listen on")
    parser.add_argument("--to", default=f"{LOCAL}:7687", help="127.0.0.1:PORT to forward to")
    parser.add_argument("--delay-ms", type=float, default=30.0, help="delay each way, milliseconds")
    args = parser.parse_args(argv)
    host, _, port = args.to.rpartition(":")
    try:
        if not port.isdigit():
            raise ValueError(f"--to must be 127.0.0.1:PORT, not {args.to[:60]!r}")
        proxy = LatencyProxy(args.listen, host, int(port), args.delay_ms / 1000)
    except ValueError as exc:
        print(f"latency_proxy: {exc}", file=sys.stderr)
        return 2
    print(f"latency_proxy: 127.0.0.1:{args.listen} -> {args.to}, +{args.delay_ms:g} ms each way", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(proxy.serve_forever())
    return 0


if __name__ == "__main__":
    sys.exit(main())
