/**
 * A self-contained HTML replay of a run: the venue drawn on a canvas and the agents as dots,
 * frame by frame, with play/pause, speed and a time slider. Positions are stored as decimetres
 * in plain arrays; the page needs nothing but a browser.
 */
import type { Venue } from '../venue/index.ts';

export interface ReplayFrame {
  readonly tS: number;
  /** x0, y0, x1, y1, … in decimetres. */
  readonly dm: readonly number[];
}

/** Keeps at most `maxAgents` positions per frame (evenly strided) and quantises to decimetres. */
export function replayFrame(tS: number, positions: Float32Array, maxAgents: number): ReplayFrame {
  const n = positions.length / 2;
  const stride = Math.max(1, Math.ceil(n / maxAgents));
  const dm: number[] = [];
  for (let i = 0; i < n; i += stride) dm.push(Math.round(positions[2 * i]! * 10), Math.round(positions[2 * i + 1]! * 10));
  return { tS, dm };
}

export function replayPage(venue: Venue, frames: readonly ReplayFrame[], title: string): string {
  const data = {
    bounds: venue.bounds,
    zones: venue.zones.map((z) => ({ id: z.id, polygon: z.polygon })),
    gates: venue.gates.map((g) => g.opening),
    walls: venue.walls,
    stages: venue.stages.map((s) => s.position),
    frames,
  };
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  const safeTitle = title.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${safeTitle}</title>
<style>body{margin:0;font:14px system-ui,sans-serif;background:#111;color:#eee}#bar{display:flex;gap:8px;align-items:center;padding:6px 10px}
canvas{display:block;margin:0 auto;background:#1b1b1b}input[type=range]{flex:1}</style></head>
<body><div id="bar"><button id="play">Play</button><select id="speed"><option>1</option><option>5</option><option selected>20</option><option>60</option></select>×
<input id="slider" type="range" min="0" value="0"><span id="clock"></span><span id="count"></span></div>
<canvas id="c"></canvas>
<script>
const D = ${json};
const c = document.getElementById('c'), g = c.getContext('2d');
const b = D.bounds, W = b.maxX - b.minX, H = b.maxY - b.minY;
let scale = 1;
function resize() { scale = Math.min((innerWidth - 20) / W, (innerHeight - 60) / H); c.width = W * scale; c.height = H * scale; draw(); }
const X = (x) => (x - b.minX) * scale, Y = (y) => (b.maxY - y) * scale;
let k = 0, playing = false, last = 0, simT = D.frames.length ? D.frames[0].tS : 0;
const slider = document.getElementById('slider'); slider.max = Math.max(0, D.frames.length - 1);
function draw() {
  g.clearRect(0, 0, c.width, c.height);
  g.fillStyle = '#2a2d33'; g.strokeStyle = '#777'; g.lineWidth = 1;
  for (const z of D.zones) { g.beginPath(); z.polygon.forEach((p, i) => i ? g.lineTo(X(p[0]), Y(p[1])) : g.moveTo(X(p[0]), Y(p[1]))); g.closePath(); g.fill(); g.stroke(); }
  g.strokeStyle = '#4caf50'; g.lineWidth = 3;
  for (const s of D.gates) { g.beginPath(); g.moveTo(X(s[0][0]), Y(s[0][1])); g.lineTo(X(s[1][0]), Y(s[1][1])); g.stroke(); }
  g.strokeStyle = '#ccc'; g.lineWidth = 2;
  for (const w of D.walls) { g.beginPath(); w.forEach((p, i) => i ? g.lineTo(X(p[0]), Y(p[1])) : g.moveTo(X(p[0]), Y(p[1]))); g.stroke(); }
  g.fillStyle = '#e91e63'; for (const s of D.stages) { g.fillRect(X(s[0]) - 4, Y(s[1]) - 4, 8, 8); }
  const f = D.frames[k]; if (!f) return;
  g.fillStyle = '#ffd54f'; const r = Math.max(1, 0.2 * scale);
  for (let i = 0; i < f.dm.length; i += 2) { g.beginPath(); g.arc(X(f.dm[i] / 10), Y(f.dm[i + 1] / 10), r, 0, 6.2832); g.fill(); }
  document.getElementById('clock').textContent = 't = ' + f.tS.toFixed(0) + ' s';
  document.getElementById('count').textContent = (f.dm.length / 2) + ' dots';
  slider.value = k;
}
function tick(now) {
  if (playing) {
    simT += ((now - last) / 1000) * Number(document.getElementById('speed').value);
    while (k < D.frames.length - 1 && D.frames[k + 1].tS <= simT) k++;
    if (k >= D.frames.length - 1) playing = false;
    draw();
  }
  last = now; requestAnimationFrame(tick);
}
document.getElementById('play').onclick = () => { playing = !playing; if (D.frames[k]) simT = D.frames[k].tS; };
slider.oninput = () => { k = Number(slider.value); simT = D.frames[k] ? D.frames[k].tS : 0; draw(); };
addEventListener('resize', resize); resize(); requestAnimationFrame(tick);
</script></body></html>
`;
}
