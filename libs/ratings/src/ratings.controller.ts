import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Idempotent, PublicLookup } from '@app/platform';
import { RateDto } from './rating.dto.js';
import { RatingsService } from './ratings.service.js';

/** The citizen rates a case or an enquiry (好差评) with the number and query code they were given. */
@ApiTags('public')
@Controller('api/v1/public/ratings')
export class PublicRatingsController {
  constructor(private readonly ratings: RatingsService) {}

  @Post()
  @Idempotent()
  @HttpCode(201)
  @PublicLookup()
  rate(@Body() dto: RateDto) {
    return this.ratings.rate(dto);
  }
}
