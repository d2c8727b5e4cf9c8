/// Runs `body` for every item with at most `limit` running at once; results in item order.
enum BoundedConcurrency {
    static func map<Item: Sendable, Value: Sendable>(_ items: [Item], limit: Int,
                                                     _ body: @escaping @Sendable (Item) async -> Value) async -> [Value] {
        var results = [Value?](repeating: nil, count: items.count)
        await withTaskGroup(of: (Int, Value).self) { group in
            var next = 0
            while next < items.count, next < max(1, limit) {
                let index = next
                group.addTask { (index, await body(items[index])) }
                next += 1
            }
            while let (index, value) = await group.next() {
                results[index] = value
                if next < items.count {
                    let index = next
                    group.addTask { (index, await body(items[index])) }
                    next += 1
                }
            }
        }
        return results.compactMap { $0 }
    }
}
