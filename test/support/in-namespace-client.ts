/**
 * A client run inside the service's network namespace (`nsenter -n node --input-type=module -e …`): the
 * only place its HTTP port can be reached. Logs clerk01 and handler01 in, opens handler01's alert stream,
 * receives a case for handler01 and prints its id, then prints the first alert of the stream as a JSON line
 * (exits 2 after 60 s without one). Arguments: the origin and handler01's id; CLIENT_INPUT: the case's input.
 */
export const IN_NAMESPACE_CLIENT = `
const [origin, handlerId] = process.argv.slice(-2);
const { applicant, materials, password } = JSON.parse(process.env.CLIENT_INPUT);
const post = async (path, body, token) => {
  const res = await fetch(origin + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: \`Bearer \${token}\` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
};
const login = async (username) => (await post('/api/v1/auth/login', { username, password })).body.accessToken;
const [clerk, handler] = [await login('clerk01'), await login('handler01')];
const stream = await fetch(\`\${origin}/api/v1/alerts/stream?access_token=\${handler}\`, { headers: { accept: 'text/event-stream' } });
const created = await post('/api/v1/cases', { serviceItemCode: 'DEMO-001', applicant, handlerId, materials }, clerk);
console.log(JSON.stringify({ case: created.body.id, status: created.status }));
const reader = stream.body.getReader();
const decoder = new TextDecoder();
let buffer = '';
setTimeout(() => process.exit(2), 60_000);
for (;;) {
  const { value, done } = await reader.read();
  if (done) process.exit(3);
  buffer += decoder.decode(value, { stream: true });
  const blocks = buffer.split('\\n\\n');
  buffer = blocks.pop();
  for (const block of blocks) {
    const lines = block.split('\\n');
    if (!lines.includes('event: alert')) continue;
    const data = lines.find((l) => l.startsWith('data: '));
    console.log(JSON.stringify({ alert: JSON.parse(data.slice('data: '.length)) }));
    process.exit(0);
  }
}
`;
