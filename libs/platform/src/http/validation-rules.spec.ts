import 'reflect-metadata';
import { getMetadataStorage, IsInt, IsString, Length, registerDecorator, validate } from 'class-validator';
import { keepValidationRules } from './validation-rules.js';

class Base {
  @IsString() name: unknown;
}

class Child extends Base {
  @IsInt() count: unknown;
  @Length(1, 3, { groups: ['short'] }) code: unknown;
}

const failed = async (object: object, groups?: string[]) =>
  (await validate(object, groups ? { groups } : {})).map((e) => e.property).sort();

describe('keeping class-validator rules per class', () => {
  beforeAll(() => keepValidationRules());

  it('answers a second lookup with the rules it found the first time, and does not let them change', () => {
    const storage = getMetadataStorage();
    const first = storage.getTargetValidationMetadatas(Child, '', false, false);
    expect(storage.getTargetValidationMetadatas(Child, '', false, false)).toBe(first);
    expect(first.map((m) => m.propertyName).sort()).toEqual(['code', 'count', 'name']);
    expect(() => (first as unknown[]).push({})).toThrow(TypeError);
  });

  it('still finds inherited rules, and keeps different answers for different groups', async () => {
    const child = Object.assign(new Child(), { name: 1, count: 'x', code: 'toolong' });
    expect(await failed(child)).toEqual(['code', 'count', 'name']);
    expect(await failed(child, ['short'])).toEqual(['code']);
    expect(await failed(child, ['other'])).toEqual([]);
    expect(await failed(child)).toEqual(['code', 'count', 'name']);
  });

  it('sees a rule registered after the class was validated, on the class and on its subclasses', async () => {
    const child = Object.assign(new Child(), { name: 'ok', count: 1, code: 'ab', extra: 'bad' });
    expect(await failed(child)).toEqual([]);
    registerDecorator({
      target: Base,
      propertyName: 'extra',
      validator: { validate: (value: unknown) => value === 'good' },
    });
    expect(await failed(child)).toEqual(['extra']);
    expect(await failed(Object.assign(new Base(), { name: 'ok', extra: 'bad' }))).toEqual(['extra']);
  });

  it('is installed once, however many pipes are made', () => {
    const storage = getMetadataStorage();
    const lookup = storage.getTargetValidationMetadatas;
    keepValidationRules();
    expect(storage.getTargetValidationMetadatas).toBe(lookup);
  });
});
