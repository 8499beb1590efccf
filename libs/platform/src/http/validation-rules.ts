import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Lookup = Storage['getTargetValidationMetadatas'];
type Rules = ReturnType<Lookup>;

const KEPT = Symbol('validation rules kept');

/**
 * class-validator finds a class's rules, on every validation, by testing every class that has rules for
 * being one of its ancestors (typestack/class-validator#2686): with the few hundred request classes of this
 * service that scan was the largest single cost of validating an enquiry, and Nest's pipe asks twice. A
 * class's rules are all registered while the class is defined, before anything can be validated against
 * it, so the answer is kept per class and options, and all of it is dropped when any rule is registered
 * later (a decorator applied at run time). The answers are frozen: no caller may change a shared one.
 */
export function keepValidationRules(storage: Storage = getMetadataStorage()): void {
  const marked = storage as Storage & { [KEPT]?: true };
  if (marked[KEPT]) return;
  marked[KEPT] = true;
  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const register = storage.addValidationMetadata.bind(storage);
  let kept = new WeakMap<object, Map<string, Rules>>();
  storage.addValidationMetadata = (metadata) => {
    kept = new WeakMap();
    register(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0000') ?? ''}`;
    let byOptions = kept.get(target);
    if (!byOptions) kept.set(target, (byOptions = new Map()));
    let rules = byOptions.get(key);
    if (!rules) byOptions.set(key, (rules = Object.freeze(lookup(target, schema, always, strictGroups, groups)) as Rules));
    return rules;
  };
}
