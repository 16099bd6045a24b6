import { Module } from '@nestjs/common';
import { DocNumbersController } from './doc-numbers.controller';
import { DocNumbersService } from './doc-numbers.service';

/** 发文字号: sequences and prefix ownership (the numbering itself is the workflow's, activities/). */
@Module({
  controllers: [DocNumbersController],
  providers: [DocNumbersService],
})
export class DocNumbersModule {}
