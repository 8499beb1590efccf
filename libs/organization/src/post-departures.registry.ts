import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * A staff member leaving a post: deactivated, moved to another office, or no longer holding a post
 * (postId names it; null when they leave every post they had).
 */
export interface PostDeparture {
  staffId: string;
  postId: string | null;
  reason: 'deactivated' | 'post_changed';
}

export type PostDepartureListener = (m: EntityManager, departure: PostDeparture) => Promise<void>;

/**
 * Who must act when someone leaves a post (a badge is withdrawn, 持证上岗). Organization cannot import the
 * libs above it, so they register here at start-up; listeners run in the same transaction as the change.
 */
@Injectable()
export class PostDepartures {
  private readonly listeners: PostDepartureListener[] = [];

  register(listener: PostDepartureListener): void {
    this.listeners.push(listener);
  }

  async notify(m: EntityManager, departure: PostDeparture): Promise<void> {
    // One after another: they share the caller's connection.
    for (const listener of this.listeners) await listener(m, departure);
  }
}
