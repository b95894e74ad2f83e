export {};
export * from './audience-list/index';
