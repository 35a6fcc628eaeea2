// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: concurrent.futures -- "ProcessPoolExecutor Example" (primes)
// deno run --allow-read --allow-env --allow-run examples/python_docs/futures_process_pool_primes.ts
// A direct port: zip(PRIMES, executor.map(...)) pairs each result with its
// number by index (the numbers fit a double exactly).
//
// The Python original:
//
//     import concurrent.futures
//     import math
//
//     PRIMES = [
//         112272535095293,
//         112582705942171,
//         112272535095293,
//         115280095190773,
//         115797848077099,
//         1099726899285419]
//
//     def is_prime(n):
//         if n < 2:
//             return False
//         if n == 2:
//             return True
//         if n % 2 == 0:
//             return False
//
//         sqrt_n = int(math.floor(math.sqrt(n)))
//         for i in range(3, sqrt_n + 1, 2):
//             if n % i == 0:
//                 return False
//         return True
//
//     def main():
//         with concurrent.futures.ProcessPoolExecutor() as executor:
//             for number, prime in zip(PRIMES, executor.map(is_prime, PRIMES)):
//                 print('%d is prime: %s' % (number, prime))
//
//     if __name__ == '__main__':
//         main()
import { ProcessPoolExecutor } from "../../futures/mod.ts"; // jsr:@skein/concurrent/futures
import { print, str } from "./_print.ts";

const PRIMES = [
  112272535095293,
  112582705942171,
  112272535095293,
  115280095190773,
  115797848077099,
  1099726899285419,
];

export function isPrime(n: number): boolean {
  if (n < 2) {
    return false;
  }
  if (n === 2) {
    return true;
  }
  if (n % 2 === 0) {
    return false;
  }

  const sqrtN = Math.floor(Math.sqrt(n));
  for (let i = 3; i < sqrtN + 1; i += 2) {
    if (n % i === 0) {
      return false;
    }
  }
  return true;
}

async function main(): Promise<void> {
  await using executor = new ProcessPoolExecutor();
  let i = 0;
  for await (const prime of executor.map(isPrime, PRIMES)) {
    const number = PRIMES[i++]!;
    print(`${number} is prime: ${str(prime)}`);
  }
}

if (import.meta.main) {
  await main();
}
