// How large a name is drawn in the wall map's boxes (wall-flow-node.tsx). Pure, tested beside itself.

/** Label size: 34 px, smaller for a name whose longest unbreakable part would not fit the box (names break only after a hyphen). */
export function labelFontSize(label: string): number {
  const longest = Math.max(...label.split(/(?<=-)/).map((part) => part.length));
  // A bold glyph is up to about 0.68 em wide (measured on the wall: "payments.retry" broke at 0.6);
  // 268 px is the box's width (300) inside its padding.
  return Math.max(18, Math.min(34, Math.floor(268 / (0.68 * longest))));
}
