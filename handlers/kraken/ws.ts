import type { WsProtocol } from '../../src/exchange/types.js'
import { nextConnectionId } from './connection-id.js'
import { isPrivateHost } from './hosts.js'
import { V1Session } from './ws-v1.js'
import { V2Session, type V2Rules } from './ws-v2.js'

/** Which protocol a URL speaks: /v2 is WS v2 (§2.5), the bare host the legacy v1 (§2.6); other paths are refused. */
function versionOf(url: URL): 1 | 2 | undefined {
  if (url.pathname === '/v2' || url.pathname === '/v2/') return 2
  if (url.pathname === '/' || url.pathname === '') return 1
  return undefined
}

export function krakenStreams(rules: V2Rules): WsProtocol {
  return {
    accepts: (url) => versionOf(url) !== undefined,
    connect: (socket, context) =>
      versionOf(socket.url) === 1
        ? new V1Session(socket, context, rules, nextConnectionId(context))
        : new V2Session(socket, context, rules, isPrivateHost(socket.url), nextConnectionId(context)),
  }
}
