// The W3C traceparent the CART client sends (main/core/gateway/traceparent.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTraceparent } from '../../main/core/gateway/traceparent.js';
import { isTraceId, newSpanId, newTraceId } from '../../main/core/shared/trace-id.js';

test('the header is 00-<trace id>-<span id>-01', () => {
  assert.equal(formatTraceparent('4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba902b7'), '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
});

test('new trace ids are 32 lowercase hex and span ids 16, never all zero', () => {
  for (let i = 0; i < 50; i++) {
    assert.match(newTraceId(), /^(?!0+$)[0-9a-f]{32}$/);
    assert.match(newSpanId(), /^(?!0+$)[0-9a-f]{16}$/);
  }
});

test('invalid trace or span ids are refused rather than sent', () => {
  assert.equal(isTraceId('4BF92F3577B34DA6A3CE929D0E0E4736'), false);
  assert.equal(isTraceId('0'.repeat(32)), false);
  assert.equal(isTraceId('abc'), false);
  assert.throws(() => formatTraceparent('0'.repeat(32), '00f067aa0ba902b7'));
  assert.throws(() => formatTraceparent('4bf92f3577b34da6a3ce929d0e0e4736', '0'.repeat(16)));
  assert.throws(() => formatTraceparent('4bf92f3577b34da6a3ce929d0e0e4736', 'xyz'));
});
