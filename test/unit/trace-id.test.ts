// W3C trace and span ids (main/core/shared/trace-id.ts): random, lowercase hex, never all zeros.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTraceId, newSpanId, newTraceId, nonZeroRandomHex, type RandomBytes } from '../../main/core/shared/trace-id.js';

/** A random source that answers the given byte arrays in turn, and counts its calls. */
function scripted(...answers: number[][]): RandomBytes & { calls: number[] } {
  const calls: number[] = [];
  const source = (size: number): Uint8Array => {
    calls.push(size);
    const next = answers.shift();
    if (!next) throw new Error('no more scripted answers');
    return Uint8Array.from(next);
  };
  return Object.assign(source, { calls });
}

test('a trace id is 16 random bytes as 32 lowercase hex digits', () => {
  for (let i = 0; i < 50; i++) {
    const id = newTraceId();
    assert.match(id, /^[0-9a-f]{32}$/);
    assert.ok(isTraceId(id));
  }
  assert.notEqual(newTraceId(), newTraceId());
});

test('the bytes of the random source, in order, as lowercase hex', () => {
  const source = scripted([0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89, 0x0a, 0xbc, 0xde, 0xf0, 0x12, 0x34, 0x56, 0x78]);
  assert.equal(newTraceId(source), 'abcdef01234567890abcdef012345678');
  assert.deepEqual(source.calls, [16]);
});

test('all-zero bytes are drawn again: an all-zero trace id is invalid', () => {
  const zeros = new Array<number>(16).fill(0);
  const one = [...new Array<number>(15).fill(0), 1];
  const source = scripted(zeros, zeros, one);
  assert.equal(newTraceId(source), '00000000000000000000000000000001');
  assert.deepEqual(source.calls, [16, 16, 16]);
});

test('span ids: 8 bytes, also never all zeros', () => {
  assert.match(newSpanId(), /^(?!0+$)[0-9a-f]{16}$/);
  const source = scripted(new Array<number>(8).fill(0), [0, 0, 0, 0, 0, 0, 0, 0xff]);
  assert.equal(newSpanId(source), '00000000000000ff');
  assert.deepEqual(source.calls, [8, 8]);
});

test('a random source giving the wrong number of bytes is an error, not a short id', () => {
  assert.throws(() => nonZeroRandomHex(16, scripted([1, 2, 3])), /3 bytes instead of 16/);
});

test('isTraceId: 32 lowercase hex digits, not all zeros', () => {
  assert.equal(isTraceId('4bf92f3577b34da6a3ce929d0e0e4736'), true);
  assert.equal(isTraceId('4BF92F3577B34DA6A3CE929D0E0E4736'), false);
  assert.equal(isTraceId('0'.repeat(32)), false);
  assert.equal(isTraceId('4bf92f3577b34da6a3ce929d0e0e473'), false);
});
