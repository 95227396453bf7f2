/**
 * Values built once per key and reused, for keys that repeat in practice (the SQL text of a
 * statement per set of columns). Past `capacity` keys the cache starts over instead of growing
 * without bound.
 */
export function builtOnce<V>(capacity = 500): (key: string, build: () => V) => V {
  const values = new Map<string, V>()
  return (key, build) => {
    let value = values.get(key)
    if (value === undefined) {
      if (values.size >= capacity) values.clear()
      value = build()
      values.set(key, value)
    }
    return value
  }
}
