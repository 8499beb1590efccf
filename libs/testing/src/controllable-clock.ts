import { Clock } from '@app/core';

/** A clock the test sets and moves; nothing in the code under test can tell it from the real one. */
export class ControllableClock extends Clock {
  private current: Date;

  constructor(start: Date | string = '2026-03-02T09:30:00+08:00') {
    super();
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  set(at: Date | string): void {
    this.current = new Date(at);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
