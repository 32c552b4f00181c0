import { ServiceError, type ServiceErrorCode } from '@salesflow/platform';

export type PipelineErrorReason = 'PIPELINE_NOT_FOUND' | 'STAGE_NOT_FOUND';

export class PipelineError extends ServiceError {
  override readonly name = 'PipelineError';
  constructor(code: ServiceErrorCode, reason: PipelineErrorReason, message: string) {
    super(code, message, { reason });
  }

  static notFound(id: string): PipelineError {
    return new PipelineError('NOT_FOUND', 'PIPELINE_NOT_FOUND', `pipeline ${id} not found`);
  }

  static stageNotFound(id: string): PipelineError {
    return new PipelineError('NOT_FOUND', 'STAGE_NOT_FOUND', `stage ${id} not found`);
  }
}
