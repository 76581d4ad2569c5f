import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../src/analytics/parse-event.js';

describe('parseEvent', () => {
  it('reads the three kinds, canonicalizing the url', () => {
    expect(parseEvent('{"kind":"view","url":"https://a.example/p?from=singlemessage#x"}')).toEqual({
      ok: true,
      events: [{ kind: 'view', url: 'https://a.example/p' }],
    });
    expect(parseEvent(JSON.stringify({ kind: 'arrival', url: 'https://a.example/', channel: 'groupmessage' }))).toEqual({
      ok: true,
      events: [{ kind: 'arrival', url: 'https://a.example/', channel: 'groupmessage' }],
    });
    expect(parseEvent(Buffer.from(JSON.stringify({ kind: 'share', url: 'https://a.example/', api: 'onMenuShareTimeline' })))).toEqual({
      ok: true,
      events: [{ kind: 'share', url: 'https://a.example/', api: 'onMenuShareTimeline' }],
    });
  });

  it("reads a view's WeChat from as an arrival by its channel: the three known ones, other for the rest, none over 32 characters", () => {
    const url = 'https://a.example/p';
    const view = (from: string) => parseEvent(JSON.stringify({ kind: 'view', url, from }));
    expect(view('timeline')).toEqual({ ok: true, events: [{ kind: 'view', url }, { kind: 'arrival', url, channel: 'timeline' }] });
    expect(view('singlemessage')).toMatchObject({ events: [{ kind: 'view' }, { channel: 'singlemessage' }] });
    expect(view('groupmessage')).toMatchObject({ events: [{ kind: 'view' }, { channel: 'groupmessage' }] });
    expect(view('moments_v2')).toMatchObject({ events: [{ kind: 'view' }, { channel: 'other' }] });
    expect(view('x'.repeat(33))).toEqual({ ok: true, events: [{ kind: 'view', url }] });
    expect(view('')).toEqual({ ok: true, events: [{ kind: 'view', url }] });
    expect(parseEvent(JSON.stringify({ kind: 'view', url, from: 5 }))).toMatchObject({ ok: false, status: 400 });
  });

  it('answers 413 for a body over 1 KB, before parsing it', () => {
    const body = JSON.stringify({ kind: 'view', url: `https://a.example/?q=${'x'.repeat(1100)}` });
    expect(parseEvent(body)).toMatchObject({ ok: false, status: 413, code: 'event_too_large' });
    expect(parseEvent('{'.repeat(1025))).toMatchObject({ ok: false, status: 413 });
    expect(parseEvent(`{"kind":"view","url":"https://a.example/${'é'.repeat(500)}"}`)).toMatchObject({ status: 413 });
  });

  it.each([
    ['not JSON', 'kind=view', /not valid JSON/],
    ['an array', '[]', /JSON object/],
    ['null', 'null', /JSON object/],
    ['an unknown kind', '{"kind":"click","url":"https://a.example/"}', /"kind" must be one of view, arrival, share/],
    ['an unknown channel', '{"kind":"arrival","url":"https://a.example/","channel":"qq"}', /"channel" must be one of/],
    ['a missing channel', '{"kind":"arrival","url":"https://a.example/"}', /"channel"/],
    ['an api outside the list', '{"kind":"share","url":"https://a.example/","api":"updateTimelineShareData"}', /"api" must be one of/],
    ['a relative url', '{"kind":"view","url":"/p"}', /absolute http\(s\) url/],
    ['a number url', '{"kind":"view","url":5}', /"url"/],
    ['an extra field', '{"kind":"view","url":"https://a.example/","ip":"1.2.3.4"}', /"ip" is not one of them/],
  ])('answers 400 for %s, with a readable message', (_name, body, message) => {
    const parsed = parseEvent(body);
    expect(parsed).toMatchObject({ ok: false, status: 400, code: 'invalid_event' });
    expect(parsed.ok === false && parsed.message).toMatch(message);
  });
});
