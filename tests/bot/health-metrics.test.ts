import { afterEach, describe, expect, it } from 'vitest';
import { AccordError } from '../../src/errors.js';
import { startHealthServer, type HealthServer } from '../../src/bot/health-server.js';
import { BotMetrics } from '../../src/bot/metrics.js';
import { answerWith, defaultAnswer, FakeAnswerService, FakeModeration, indexStatus } from './fake-services.js';

let server: HealthServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('metrics', () => {
  it('count questions by outcome and time them', async () => {
    const metrics = new BotMetrics();
    const fake = new FakeAnswerService((q) => (q.includes('nothing') ? answerWith(q, [], []) : defaultAnswer(q)));
    const answers = metrics.watchAnswers(fake);
    await answers.answer('what is shared?');
    await answers.answer('what about nothing?');
    fake.respond = () => {
      throw new AccordError('The question has no words.');
    };
    await expect(answers.answer('1')).rejects.toThrow(AccordError);
    const text = await metrics.registry.metrics();
    expect(text).toContain('accord_questions_total{outcome="answered"} 1');
    expect(text).toContain('accord_questions_total{outcome="refused"} 1');
    expect(text).toContain('accord_questions_total{outcome="invalid"} 1');
    expect(text).toMatch(/accord_answer_duration_seconds\{quantile="0\.99"\} [\d.e-]+/);
    expect(text).toContain('accord_answer_duration_seconds_count 3');
  });

  it('time reindexes and remember how the last one ended', async () => {
    let nowMs = 1_000;
    const metrics = new BotMetrics(() => (nowMs += 2_500));
    await metrics.watchModeration(new FakeModeration()).reindex(() => {});
    expect(metrics.lastReindex).toMatchObject({ outcome: 'done', version: 'v20260102-090000-def456', durationMs: 2_500 });
    expect(await metrics.registry.metrics()).toContain('accord_reindex_duration_seconds_count{outcome="done"} 1');
  });
});

describe('the health endpoint', () => {
  it('answers 200 with the report when connected and serving an index, 503 otherwise, and serves /metrics', async () => {
    const metrics = new BotMetrics();
    let connected = true;
    server = await startHealthServer({ connected: () => connected, indexStatus: () => indexStatus, metrics }, '127.0.0.1', 0);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const healthy = await fetch(`${server.url}/healthz`);
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toEqual({ ok: true, discord: 'connected', index: { version: indexStatus.version, documents: 1, passages: 4, mode: 'lexical' }, lastReindex: null });
    connected = false;
    const down = await fetch(`${server.url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ ok: false, discord: 'disconnected' });
    const scraped = await fetch(`${server.url}/metrics`);
    expect(scraped.headers.get('content-type')).toContain('text/plain');
    expect(await scraped.text()).toContain('# TYPE accord_questions_total counter');
    expect((await fetch(`${server.url}/other`)).status).toBe(404);
  });
});
