/**
 * A minimal protobuf (proto3) encoder for the two messages MEXC's spot stream pushes
 * (`PushDataV3ApiWrapper` with `PublicSpotKlineV3Api`, websocket-proto, §1.7).
 * protobufjs is not installed (adding it needs the lead); this writes only varints
 * (wire type 0) and length-delimited fields (wire type 2), which is all these use.
 */

export interface SpotKlineMessage {
  readonly interval: string
  /** Seconds. */
  readonly windowStart: number
  readonly openingPrice: string
  readonly closingPrice: string
  readonly highestPrice: string
  readonly lowestPrice: string
  readonly volume: string
  readonly amount: string
  /** Seconds. */
  readonly windowEnd: number
}

export interface PushWrapper {
  readonly channel: string
  readonly symbol?: string
  readonly symbolId?: string
  /** ms */
  readonly createTime?: number
  /** ms */
  readonly sendTime?: number
  readonly publicSpotKline: SpotKlineMessage
}

const VARINT = 0
const BYTES = 2
const utf8 = new TextEncoder()

class Writer {
  private readonly bytes: number[] = []

  /** A non-negative integer below 2^53 as a base-128 varint. */
  varint(value: number): this {
    let rest = value
    while (rest >= 0x80) {
      this.bytes.push((rest % 0x80) | 0x80)
      rest = Math.floor(rest / 0x80)
    }
    this.bytes.push(rest)
    return this
  }

  tag(field: number, wireType: number): this {
    return this.varint(field * 8 + wireType)
  }

  /** proto3 leaves default values (0, '') out of the wire. */
  int64(field: number, value: number | undefined): this {
    return value ? this.tag(field, VARINT).varint(value) : this
  }

  string(field: number, value: string | undefined): this {
    return value ? this.message(field, utf8.encode(value)) : this
  }

  message(field: number, body: Uint8Array): this {
    this.tag(field, BYTES).varint(body.length)
    for (const byte of body) this.bytes.push(byte)
    return this
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes)
  }
}

export function encodeSpotKline(k: SpotKlineMessage): Uint8Array {
  return new Writer()
    .string(1, k.interval)
    .int64(2, k.windowStart)
    .string(3, k.openingPrice)
    .string(4, k.closingPrice)
    .string(5, k.highestPrice)
    .string(6, k.lowestPrice)
    .string(7, k.volume)
    .string(8, k.amount)
    .int64(9, k.windowEnd)
    .finish()
}

/** Field order as the official encoder writes it (by field number; 308 last). */
export function encodePushWrapper(push: PushWrapper): Uint8Array {
  return new Writer()
    .string(1, push.channel)
    .string(3, push.symbol)
    .string(4, push.symbolId)
    .int64(5, push.createTime)
    .int64(6, push.sendTime)
    .message(308, encodeSpotKline(push.publicSpotKline))
    .finish()
}
