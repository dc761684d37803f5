import { Position, type NodeHandle } from '@xyflow/react';

/**
 * The handles our flow boxes draw (target on the left edge, source on the right, both
 * mid-height), given to React Flow up front. Without them, every re-render with new node
 * objects drops the measured handles, and if the re-measure reads a box at zero size
 * (seen on the wall, under load) the edges stay undrawn until something else changes.
 */
export function sideHandles(width: number, height: number): NodeHandle[] {
  return [
    { type: 'target', position: Position.Left, x: 0, y: height / 2, width: 0, height: 0 },
    { type: 'source', position: Position.Right, x: width, y: height / 2, width: 0, height: 0 },
  ];
}
