/** Port checks before listening, so a taken port fails the start with a message naming the setting. */
import { createServer } from "node:net";
import { PlatformError } from "./errors";

export async function assertPortFree(host: string, port: number, hint: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (e: NodeJS.ErrnoException) =>
      reject(
        e.code === "EADDRINUSE"
          ? new PlatformError("port_in_use", `port ${host}:${port} is already in use (${hint})`)
          : e,
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}
