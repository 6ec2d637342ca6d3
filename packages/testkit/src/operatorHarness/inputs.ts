import { frameTextOf } from '../arbitraries/_frameText.js';
import { decodeFrame, isDeadLetter, type DeadLetter, type GenesysEnvelope, type GenesysEvent } from '@gcstream/core';

/**
 * What a test may feed an operator: a notification as Genesys sends it (decoded on arrival, as
 * the pipeline would), a raw frame's text (`{ frame }`, to reach decode's dead letters), or an
 * event already decoded.
 */
export type OperatorInput = GenesysEnvelope | Pick<GenesysEnvelope, 'topicName' | 'eventBody'> | { readonly frame: string } | GenesysEvent;

const isDecoded = (input: OperatorInput): input is GenesysEvent => 'family' in input && 'key' in input && typeof (input as GenesysEvent).eventTime === 'number';

/** The frame text a `tests:` case would carry for this input. */
export function inputFrameText(input: OperatorInput): string {
  if ('frame' in input && typeof input.frame === 'string') return input.frame;
  return frameTextOf(input);
}

/** Decodes an input received at `receivedAt` (epoch ms): an event, or the dead letter decode makes of it. */
export function decodeInput(input: OperatorInput, receivedAt: number): GenesysEvent | DeadLetter {
  if (isDecoded(input)) return input;
  return decodeFrame({ data: inputFrameText(input), channelId: 'gcstream-testkit', receivedAt });
}

export { isDeadLetter };
