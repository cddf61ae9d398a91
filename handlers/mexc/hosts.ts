/** §0, §2.1, §2.7: spot and (since 2026-01-19) futures REST on api.mexc.com; contract.mexc.com still answers. */
export const API_ORIGIN = 'https://api.mexc.com'
export const CONTRACT_ORIGIN = 'https://contract.mexc.com'
export const SPOT_WS_ORIGIN = 'wss://wbs-api.mexc.com'
export const CONTRACT_WS_ORIGIN = 'wss://contract.mexc.com'
