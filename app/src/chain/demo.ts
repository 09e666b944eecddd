// demo.json next to index.html, when a server puts it there (the local network's demo).
import { parseDemo, type DemoInfo } from '../model/demo.ts';

export async function loadDemo(): Promise<DemoInfo | null> {
  try {
    const response = await fetch('./demo.json', { cache: 'no-store' });
    if (!response.ok) return null;
    const type = response.headers.get('content-type') ?? '';
    const text = await response.text();
    // a server's index.html fallback is not a demo
    if (type.includes('text/html') || text.trimStart().startsWith('<')) return null;
    return parseDemo(JSON.parse(text));
  } catch {
    return null;
  }
}
