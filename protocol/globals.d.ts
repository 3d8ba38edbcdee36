// Globals every runtime of ours has (browsers, Node >= 17, Electron) that lib ES2023 does not declare.
declare function structuredClone<T>(value: T): T;
