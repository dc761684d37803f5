import { Position, type Node } from '@xyflow/react';

export type FixedNodeBox = Required<Pick<Node, 'width' | 'height' | 'measured' | 'handles'>>;

/**
 * A flow box's size and handles (target on the left edge, source on the right, both
 * mid-height), given to React Flow up front: our boxes have a fixed size in CSS, so nothing
 * needs measuring. Left to measure, React Flow drops a box's measured handles whenever it
 * gets new node objects (every live update), and a re-measure that reads the box at zero
 * size leaves its edges undrawn (the wall showed boxes and no edges for 90 s in one CI run).
 * The measured size matters too: fitView only fits measured boxes, and with
 * onlyRenderVisibleElements a box off screen is never drawn, so never measured.
 */
export function fixedNodeBox(width: number, height: number): FixedNodeBox {
  return {
    width,
    height,
    measured: { width, height },
    handles: [
      { type: 'target', position: Position.Left, x: 0, y: height / 2, width: 0, height: 0 },
      { type: 'source', position: Position.Right, x: width, y: height / 2, width: 0, height: 0 },
    ],
  };
}
