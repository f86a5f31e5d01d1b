import { isAlias, isCollection, isMap, isNode, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { YamlPath } from './diagnostics.js';

export interface Position {
  line: number;
  col: number;
}

/**
 * Maps a data path to the YAML node it came from. When the node does not exist (a missing
 * key), the nearest existing ancestor is used, so every diagnostic still points somewhere
 * useful. A mapping or list that is the value of a key is pointed at by its key
 * (`cluster:` rather than its first child); `atKey` does the same for any last segment.
 */
export function locate(doc: Document, lineCounter: LineCounter, path: YamlPath, atKey = false): Position {
  let node: unknown = doc.contents;
  let anchor: Node | undefined = isNode(node) ? node : undefined;
  for (let index = 0; index < path.length; index++) {
    const segment = path[index];
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      const last = index === path.length - 1;
      const keyNode = isNode(pair.key) ? pair.key : undefined;
      node = pair.value;
      const pointAtKey = (last && atKey) || !isNode(node) || isCollection(node) || isEmptyScalar(node);
      anchor = pointAtKey ? (keyNode ?? anchor) : (node as Node);
      if (!isNode(node)) break;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (!isNode(node)) break;
      anchor = node;
    } else {
      break;
    }
  }
  return offsetPosition(lineCounter, anchor?.range?.[0] ?? 0);
}

/** `storage:` with nothing after it parses to an empty null scalar that has no useful position. */
function isEmptyScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null && node.range != null && node.range[0] === node.range[1];
}

export function offsetPosition(lineCounter: LineCounter, offset: number): Position {
  const { line, col } = lineCounter.linePos(offset);
  return { line: Math.max(1, line), col: Math.max(1, col) };
}
