// The worker role alone: the same entrypoint as the api, with ROLE=worker (BullMQ consumers and /health).
process.env.ROLE = 'worker';
await import('../../api/src/main.js');
