// torchlet/node: the Node-only entry. It carries the whole core, so Node programs can import
// everything from one place; file helpers that need node: modules belong here and nowhere else.
export * from './index';
