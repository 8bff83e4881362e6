/**
 * Simulated people as dots, on a canvas between the zones and their labels: tens of thousands
 * of SVG circles would cost more than the whole rest of the console. Frames are drawn as they
 * arrive (at most once per animation frame) straight from AgentFrames, without a React render.
 * The canvas follows the SVG's own fit (xMidYMid meet) through `fitTransform`.
 */
import { useEffect, useRef } from 'react';
import type { AgentFrame, AgentFrames } from '../state/index.ts';
import { fitTransform } from './projection.ts';
import type { Projection } from './projection.ts';
import { useElementSize } from './use-element-size.ts';

export function AgentsLayer({ projection, frames }: { projection: Projection; frames: AgentFrames }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const size = useElementSize(canvasRef);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (canvas === null || canvas === undefined || ctx === null || ctx === undefined || size.width === 0) return;
    const dpr = window.devicePixelRatio || 1;
    const pxWidth = Math.round(size.width * dpr);
    const pxHeight = Math.round(size.height * dpr);
    // Assigning a canvas size clears it and costs a reallocation: only on a real resize.
    if (canvas.width !== pxWidth) canvas.width = pxWidth;
    if (canvas.height !== pxHeight) canvas.height = pxHeight;
    const t = fitTransform(projection, size.width, size.height);
    // About 0.4 m across (a person), never under 1 px so that a dot stays visible on a small screen.
    const r = Math.max(0.5, 0.2 * t.scale);

    const draw = (frame: AgentFrame | null): void => {
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, size.width, size.height);
      if (frame === null) return;
      // Dark dots read on every level colour (green to red) without hiding it.
      ctx.fillStyle = 'rgba(10, 12, 16, 0.65)';
      const pos = frame.positions;
      for (let i = 0; i + 1 < pos.length; i += 2) {
        const sx = t.offsetX + projection.x(pos[i]!) * t.scale;
        const sy = t.offsetY + projection.y(pos[i + 1]!) * t.scale;
        ctx.fillRect(sx - r, sy - r, 2 * r, 2 * r);
      }
      canvas.dataset.count = String(Math.floor(pos.length / 2));
    };

    let pending: AgentFrame | null = null;
    let raf = 0;
    draw(frames.latest());
    const unsubscribe = frames.subscribe((frame) => {
      pending = frame;
      if (raf === 0) {
        raf = window.requestAnimationFrame(() => {
          raf = 0;
          draw(pending);
        });
      }
    });
    return () => {
      unsubscribe();
      if (raf !== 0) window.cancelAnimationFrame(raf);
    };
  }, [projection, frames, size]);

  return <canvas ref={canvasRef} className="agents-layer" data-testid="agents-layer" />;
}
