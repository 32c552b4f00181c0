import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export type GoalsDatabase = PrismaClient;
export type GoalsTransaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export function createGoalsDatabase(databaseUrl: string): GoalsDatabase {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 10 }) });
}
