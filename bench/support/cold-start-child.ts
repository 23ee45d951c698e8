/**
 * Run by bench/cold-start.ts as `node --import tsx bench/support/cold-start-child.ts` with the Accord settings in
 * its environment and BENCH_QUESTION: creates the services over an already-built index, answers one question and
 * prints one JSON line with the milliseconds since process start.
 */
import { performance } from 'node:perf_hooks';

const importStart = performance.now();
const { createAccordServices } = await import('../../src/app/create-services.js');
const { loadConfig } = await import('../../src/config.js');
const { renderAnswer } = await import('../../src/cli/render-answer.js');
const { pino } = await import('pino');
const { ownPeakRssBytes } = await import('../lib/rss-sampler.js');
const importsDone = performance.now();
const config = loadConfig(process.env, process.cwd());
const services = await createAccordServices(config, pino({ level: 'silent' }));
const servicesDone = performance.now();
const answer = await services.answers.answer(process.env.BENCH_QUESTION ?? 'Who signed the letter of intent?');
renderAnswer(answer);
const firstAnswer = performance.now();
const status = services.answers.status();
console.log(
  JSON.stringify({
    // performance.now() counts from performance.timeOrigin, the start of this process.
    firstAnswerMs: firstAnswer,
    beforeImportsMs: importStart,
    importsMs: importsDone - importStart,
    servicesMs: servicesDone - importsDone,
    answerMs: firstAnswer - servicesDone,
    mode: answer.mode,
    passages: status.passages,
    maxRssBytes: ownPeakRssBytes(),
  }),
);
await services.close();
