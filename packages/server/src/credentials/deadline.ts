// Bounds a promise by a deadline on the performance.now() scale: the caller settles in time even when WeChat hangs.

/** The deadline passed before the promise settled. */
export class DeadlineError extends Error {}

export async function withDeadline<T>(promise: Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new DeadlineError()), Math.max(0, deadline - performance.now()));
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
