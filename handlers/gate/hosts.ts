/**
 * Gate's hosts (facts §5.1, §6.1, §5.3, §6.4). api.gateio.ws serves every APIv4 path;
 * fx-api.gateio.ws serves the futures and delivery paths only. api.gate.io, the older
 * name of the same API, is answered like api.gateio.ws (our choice: it still resolves).
 */
export const API_ORIGINS = ['https://api.gateio.ws', 'https://api.gate.io'] as const
export const FUTURES_API_ORIGINS = ['https://fx-api.gateio.ws'] as const

/** Spot WebSocket `wss://api.gateio.ws/ws/v4/`; USDT perpetuals `wss://fx-ws.gateio.ws/v4/ws/usdt`. */
export const SPOT_WS_ORIGINS = ['wss://api.gateio.ws'] as const
export const FUTURES_WS_ORIGINS = ['wss://fx-ws.gateio.ws'] as const

/** Which hosts serve a path: every APIv4 path is on the main API host; futures paths also on fx-api. */
export type HostFamily = 'api' | 'futures'

export function servesFamily(origin: string, family: HostFamily): boolean {
  if ((API_ORIGINS as readonly string[]).includes(origin)) return true
  return family === 'futures' && (FUTURES_API_ORIGINS as readonly string[]).includes(origin)
}
