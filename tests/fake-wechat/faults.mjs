// Faults that tests queue for WeChat paths. A call to a path takes the first
// queued fault for that path (first added, first used) and uses up one of its
// `count` answers; a path without queued faults is answered normally.
// Fault shape (validated by the control API): { path, count, errcode?,
// errmsg?, delayMs?, hang?, closeConnection?, httpStatus?, rawBody?,
// contentType? }.

export function createFaults() {
  let queue = [];

  return {
    add(fault) {
      queue.push({ ...fault, remaining: fault.count });
    },

    // The fault to apply to this call of `path`, or null.
    take(path) {
      const fault = queue.find((queued) => queued.path === path);
      if (fault === undefined) return null;
      fault.remaining--;
      if (fault.remaining === 0) queue = queue.filter((queued) => queued !== fault);
      return fault;
    },

    clear() {
      queue = [];
    },
  };
}
